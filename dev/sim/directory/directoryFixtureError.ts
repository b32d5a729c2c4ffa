/** A tenant fixture (or a control-API mutation) that the directory cannot hold, naming the user and field at fault. */
export class DirectoryFixtureError extends Error {
  readonly code = "SIM.DIRECTORY_INVALID";
  constructor(
    /** Where the bad value is, e.g. `users[3].managerId`. */
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}
