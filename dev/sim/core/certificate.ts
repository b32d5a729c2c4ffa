// A throwaway CA and a leaf for the loopback names, so real TLS clients can be told to trust the simulator.
import { generateKeyPairSync } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import forge from "node-forge";

export interface SimulatorCertificate {
  caPem: string;
  certPem: string;
  keyPem: string;
  /** Path of the CA certificate PEM file (the one to hand to NODE_EXTRA_CA_CERTS), or undefined if kept in memory. */
  caCertPath: string | undefined;
}

const CA_FILE = "cadence-sim-ca.pem";
const CERT_FILE = "cadence-sim-cert.pem";
const KEY_FILE = "cadence-sim-key.pem";

/**
 * Returns the simulator's certificate, made once per directory: a test run (or globalSetup) shares one CA so a
 * process started with NODE_EXTRA_CA_CERTS pointing at `caCertPath` trusts every simulator started later.
 */
export async function ensureSimulatorCertificate(dir?: string): Promise<SimulatorCertificate> {
  if (!dir) return { ...makeSimulatorCertificate(), caCertPath: undefined };
  const existing = await readComplete(dir);
  if (existing) return existing;
  const made = makeSimulatorCertificate();
  await mkdir(dir, { recursive: true });
  // Write-then-rename so parallel test workers never read a half-written PEM.
  const suffix = `.${process.pid}.${Date.now()}.tmp`;
  for (const [file, text] of [
    [KEY_FILE, made.keyPem],
    [CERT_FILE, made.certPem],
    [CA_FILE, made.caPem],
  ] as const) {
    await writeFile(join(dir, file + suffix), text, { mode: 0o600 });
    await rename(join(dir, file + suffix), join(dir, file));
  }
  // Another worker may have renamed its own set over ours in between; what is on disk is what clients trust.
  return (await readComplete(dir)) ?? { ...made, caCertPath: undefined };
}

async function readComplete(dir: string): Promise<SimulatorCertificate | undefined> {
  try {
    const [caPem, certPem, keyPem] = await Promise.all(
      [CA_FILE, CERT_FILE, KEY_FILE].map((f) => readFile(join(dir, f), "utf8")),
    );
    if (!caPem || !certPem || !keyPem) return undefined;
    const cert = forge.pki.certificateFromPem(certPem);
    const key = forge.pki.privateKeyFromPem(keyPem);
    const consistent =
      (cert.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n) &&
      forge.pki.certificateFromPem(caPem).verify(cert) &&
      cert.validity.notAfter.getTime() > Date.now() + 24 * 3600 * 1000;
    return consistent ? { caPem, certPem, keyPem, caCertPath: join(dir, CA_FILE) } : undefined;
  } catch {
    // Not made yet, or torn by a crashed run: the caller makes a fresh one.
    return undefined;
  }
}

/** Makes a CA and a `localhost`/`127.0.0.1`/`::1` leaf signed by it (RSA 2048, node's native key generation). */
export function makeSimulatorCertificate(): Omit<SimulatorCertificate, "caCertPath"> {
  const pki = forge.pki;
  const now = new Date();
  const notAfter = new Date(now.getTime() + 365 * 24 * 3600 * 1000);

  const caKeys = rsaKeyPair();
  const ca = pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = randomSerial();
  ca.validity.notBefore = new Date(now.getTime() - 3600 * 1000);
  ca.validity.notAfter = notAfter;
  const caName = [{ name: "commonName", value: "Cadence tenant simulator CA" }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const leafKeys = rsaKeyPair();
  const leaf = pki.createCertificate();
  leaf.publicKey = leafKeys.publicKey;
  leaf.serialNumber = randomSerial();
  leaf.validity.notBefore = ca.validity.notBefore;
  leaf.validity.notAfter = notAfter;
  leaf.setSubject([{ name: "commonName", value: "localhost" }]);
  leaf.setIssuer(caName);
  leaf.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        { type: 2, value: "localhost" },
        { type: 7, ip: "127.0.0.1" },
        { type: 7, ip: "::1" },
      ],
    },
    { name: "authorityKeyIdentifier", keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  leaf.sign(caKeys.privateKey, forge.md.sha256.create());

  return {
    caPem: pki.certificateToPem(ca),
    certPem: pki.certificateToPem(leaf),
    keyPem: pki.privateKeyToPem(leafKeys.privateKey),
  };
}

/** Node's native generator: forge's falls back to pure JavaScript (seconds per key) in some module setups. */
function rsaKeyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
    privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
  };
}

function randomSerial(): string {
  // A positive serial (leading byte < 0x80) as X.509 requires.
  return `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
}
