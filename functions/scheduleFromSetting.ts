/**
 * A timer's schedule: the setting's name (`%NAME%`, which the host resolves) when the setting is set, else the
 * default. The host refuses to load a function whose %SETTING% is missing, so an optional schedule is named only
 * when it exists.
 */
export function scheduleFromSetting(name: string, fallback: string, env = process.env): string {
  return (env[name] ?? "").trim() === "" ? fallback : `%${name}%`;
}
