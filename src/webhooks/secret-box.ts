/** The secret box moved to common/ (idempotency seals with it too); this path stays for the code that names it. */
export { seal, unseal } from '../common/secret-box';
