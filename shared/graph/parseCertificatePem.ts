import { createPrivateKey, X509Certificate } from "node:crypto";
import { AppError } from "../errors.js";

export interface ClientCertificate {
  /** Hex SHA-256 of the DER certificate, as Entra expects in the assertion's `x5t#S256`. */
  thumbprintSha256: string;
  /** PKCS#8 PEM, the form msal-node signs with. */
  privateKey: string;
}

/**
 * Reads the credential Entra app registrations use for certificate auth: one PEM holding the certificate and its
 * private key (as `az ad sp create-for-rbac --create-cert` writes it), in either order.
 */
export function parseCertificatePem(pem: string): ClientCertificate {
  const certBlock = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)?.[0];
  const keyBlock = pem.match(
    /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/,
  )?.[0];
  if (!certBlock || !keyBlock) {
    throw new AppError(
      "CONFIG.INVALID",
      "The client certificate PEM must contain both a CERTIFICATE and a PRIVATE KEY block",
    );
  }
  try {
    const certificate = new X509Certificate(certBlock);
    const privateKey = createPrivateKey(keyBlock).export({ format: "pem", type: "pkcs8" }).toString();
    if (!certificate.checkPrivateKey(createPrivateKey(privateKey))) {
      throw new Error("the private key does not belong to the certificate");
    }
    return { thumbprintSha256: certificate.fingerprint256.replaceAll(":", "").toLowerCase(), privateKey };
  } catch (err) {
    throw new AppError("CONFIG.INVALID", `Unreadable client certificate PEM: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
