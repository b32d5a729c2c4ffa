// Starts the services the tests share. Filled in as services arrive (Azurite, simulator certificate).
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
