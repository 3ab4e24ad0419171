import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * A PostgreSQL SCRAM-SHA-256 password verifier (RFC 5802 / 7677, the form pg_authid stores), so
 * `CREATE ROLE … PASSWORD` sends the verifier and never the password: it cannot end up in the
 * server's log or pg_stat_statements. PostgreSQL SASLprep-normalises passwords; for printable ASCII
 * that is the identity, so only such passwords are accepted here (`npm run keys` makes hex ones).
 */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  if (!/^[\x21-\x7e]{16,}$/.test(password)) {
    throw new Error('a database password must be at least 16 printable ASCII characters without spaces (e.g. `openssl rand -hex 24`)');
  }
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
