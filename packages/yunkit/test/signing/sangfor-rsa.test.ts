import { execFileSync } from 'node:child_process';
import { constants, generateKeyPairSync, type KeyObject, privateDecrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ValidationError } from 'yunkit/core';
import { encryptSangforPassword } from 'yunkit/signing';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
const modulusHex = Buffer.from(publicKey.export({ format: 'jwk' }).n!, 'base64url').toString('hex');

/**
 * RSAES-PKCS1-v1_5 decryption done by hand over a raw RSA decryption: this Node refuses
 * `privateDecrypt` with RSA_PKCS1_PADDING (CVE-2023-46809), and checking the block layout
 * ourselves also proves the padding is the v1.5 type 2 the server expects.
 */
function decryptPkcs1(key: KeyObject, ciphertextHex: string): string {
  const block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(ciphertextHex, 'hex'));
  expect(block[0]).toBe(0x00);
  expect(block[1]).toBe(0x02);
  const separator = block.indexOf(0x00, 2);
  // At least eight non-zero random padding bytes.
  expect(separator).toBeGreaterThanOrEqual(10);
  return block.subarray(separator + 1).toString('utf8');
}

describe('encryptSangforPassword (sangfor-scp.md §4)', () => {
  it('round-trips through the private key, output is lower-case hex of the key size', () => {
    const password = 'Sangfor@123 pässwörd 密码';
    const ciphertext = encryptSangforPassword(modulusHex.toUpperCase(), password);
    expect(ciphertext).toMatch(/^[0-9a-f]{512}$/);
    expect(decryptPkcs1(privateKey, ciphertext)).toBe(password);
  });

  it('is decrypted by node:crypto privateDecrypt with PKCS#1 padding', () => {
    const password = 'admin-pw!';
    const ciphertext = encryptSangforPassword(modulusHex, password);
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const script =
      "const c=require('node:crypto');let d='';process.stdin.on('data',x=>d+=x).on('end',()=>{const [k,h]=JSON.parse(d);" +
      "process.stdout.write('\\nplaintext:'+c.privateDecrypt({key:k,padding:c.constants.RSA_PKCS1_PADDING},Buffer.from(h,'hex')).toString('hex'))})";
    // The revert flag re-enables PKCS#1 v1.5 private decryption in this child process only.
    const output = execFileSync(process.execPath, ['--security-revert=CVE-2023-46809', '-e', script], {
      input: JSON.stringify([pem, ciphertext]),
      stdio: ['pipe', 'pipe', 'ignore'],
    }).toString('utf8');
    // Node prints a security warning on stdout before our line.
    const plaintextHex = output.slice(output.lastIndexOf('plaintext:') + 'plaintext:'.length);
    expect(Buffer.from(plaintextHex, 'hex').toString('utf8')).toBe(password);
  });

  it('accepts the modulus as the server sends it: trailing newline, literal \\n, any case', () => {
    for (const served of [`${modulusHex}\n`, `${modulusHex.toUpperCase()}\\n`, `  ${modulusHex}  `]) {
      expect(decryptPkcs1(privateKey, encryptSangforPassword(served, 'pw'))).toBe('pw');
    }
  });

  it('uses random padding: two encryptions differ', () => {
    expect(encryptSangforPassword(modulusHex, 'same')).not.toBe(encryptSangforPassword(modulusHex, 'same'));
  });

  it('refuses bad moduli and over-long passwords without echoing the password', () => {
    expect(() => encryptSangforPassword('xyz', 'pw')).toThrow(ValidationError);
    expect(() => encryptSangforPassword('', 'pw')).toThrow(ValidationError);
    expect(() => encryptSangforPassword('ab'.repeat(16), 'pw')).toThrow(/too short/);
    expect(() => encryptSangforPassword(`${modulusHex.slice(0, -1)}0`, 'pw')).toThrow(ValidationError);
    const secret = 's3cret'.repeat(60);
    let message = '';
    try {
      encryptSangforPassword(modulusHex, secret);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/too long/);
    expect(message).not.toContain('s3cret');
  });
});
