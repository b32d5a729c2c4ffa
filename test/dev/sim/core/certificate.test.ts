import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSimulatorCertificate } from "../../../../dev/sim/core/certificate.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cadence-cert-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("simulator certificate", () => {
  it("makes a CA and a leaf for localhost, 127.0.0.1 and ::1 signed by it", async () => {
    const cert = await ensureSimulatorCertificate(dir);
    const ca = new X509Certificate(cert.caPem);
    const leaf = new X509Certificate(cert.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkHost("localhost")).toBe("localhost");
    expect(leaf.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(leaf.checkIP("::1")).toBe("::1");
    expect(await readFile(cert.caCertPath!, "utf8")).toBe(cert.caPem);
  });

  it("reuses the certificate kept in the directory, so a test run makes it once", async () => {
    const a = await ensureSimulatorCertificate(dir);
    const b = await ensureSimulatorCertificate(dir);
    expect(b.caPem).toBe(a.caPem);
    expect(b.caCertPath).toBe(a.caCertPath);
  });

  it("replaces a torn set instead of serving a key that does not match", async () => {
    const a = await ensureSimulatorCertificate(dir);
    await writeFile(join(dir, "cadence-sim-key.pem"), "garbage");
    const b = await ensureSimulatorCertificate(dir);
    expect(b.caPem).not.toBe(a.caPem);
    expect(new X509Certificate(b.certPem).verify(new X509Certificate(b.caPem).publicKey)).toBe(true);
  });

  it("keeps it in memory without a directory", async () => {
    const cert = await ensureSimulatorCertificate();
    expect(cert.caCertPath).toBeUndefined();
    expect(cert.keyPem).toContain("PRIVATE KEY");
  });
});
