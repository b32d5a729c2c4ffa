import { AppError } from "../errors.js";

/** Graph writes its public host into links it returns from inside a `$batch`, whatever host the batch went to. */
const PUBLIC_GRAPH_ORIGIN = "https://graph.microsoft.com";

/**
 * The form Graph wants inside `$batch`: relative to the version root, WITHOUT `/v1.0` (`/users/…?…`).
 * Accepts a relative URL or an absolute one (an `@odata.nextLink`) on graphBaseUrl's host or Graph's public host,
 * query string kept verbatim. Only the path travels: the batch itself always goes to graphBaseUrl.
 */
export function toBatchUrl(url: string, graphBaseUrl: string): string {
  const base = new URL(graphBaseUrl);
  const versionRoot = base.pathname.replace(/\/+$/, "");
  if (/^https?:\/\//i.test(url)) {
    const absolute = new URL(url);
    const knownOrigin = absolute.origin === base.origin || absolute.origin === PUBLIC_GRAPH_ORIGIN;
    if (!knownOrigin || !absolute.pathname.startsWith(`${versionRoot}/`)) {
      throw new AppError(
        "GRAPH.BAD_REQUEST",
        `Link ${absolute.origin}${absolute.pathname} is not under ${graphBaseUrl}`,
      );
    }
    // Sliced from the raw string: URL would re-encode the opaque $skiptoken Graph handed us.
    const afterOrigin = url.slice(url.indexOf(absolute.host) + absolute.host.length);
    return afterOrigin.slice(versionRoot.length);
  }
  const relative = url.startsWith("/") ? url : `/${url}`;
  return relative.startsWith(`${versionRoot}/`) ? relative.slice(versionRoot.length) : relative;
}
