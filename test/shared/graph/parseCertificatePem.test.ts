import { createHash, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeSimulatorCertificate } from "../../../dev/sim/core/certificate.js";
import { parseCertificatePem } from "../../../shared/graph/parseCertificatePem.js";

describe("parseCertificatePem", () => {
  const { certPem, keyPem, caPem } = makeSimulatorCertificate();

  it("derives the SHA-256 thumbprint of the certificate and a PKCS#8 key, in either block order", () => {
    const der = new X509Certificate(certPem).raw;
    const expected = createHash("sha256").update(der).digest("hex");
    for (const pem of [`${certPem}\n${keyPem}`, `${keyPem}\n${certPem}`]) {
      const parsed = parseCertificatePem(pem);
      expect(parsed.thumbprintSha256).toBe(expected);
      expect(parsed.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    }
  });

  it("fails with CONFIG.INVALID when a block is missing or the key is not the certificate's", () => {
    expect(() => parseCertificatePem(certPem)).toThrowError(
      expect.objectContaining({ code: "CONFIG.INVALID" }),
    );
    expect(() => parseCertificatePem(`${caPem}\n${keyPem}`)).toThrowError(
      expect.objectContaining({ code: "CONFIG.INVALID", message: expect.stringMatching(/does not belong/) }),
    );
  });
});
