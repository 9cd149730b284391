// The market's parties on the platform: certificate sign-in with several CAs (多CA互认) and the demo parties.
export { loadTrustStore, fixedTrustStore, readTrustedCa, TrustStoreError, type TrustStore, type TrustStoreOptions } from './trust-store';
export {
  issueChallenge, signInWithCertificate, challengeText, SignInRefused, CHALLENGE_TTL_MS, CERTIFICATE_ONLY,
  type SignInRefusalCode, type PartyIdentity, type CertificateSignIn, type ChallengeFields,
} from './sign-in';
export { verifySignInCertificate, verifyChallengeSignature, CertificateRefused, REFUSAL_CODES, type TrustedCa, type RefusalCode } from './pki/verify';
export { parseCertificate, parseCrl, type Certificate, type Crl, type KeyAlgorithm } from './pki/x509';
export { readPemBlocks, writePem, certificateBytes } from './pki/pem';
export { signData, type SigningKey } from './pki/signatures';
export { readPrivateKeyInfo, privateKeyInfo, publicKeyInfo } from './pki/issue';
export { createAuthority, issuePartyCertificate, authorityCrl, keyFile, type Authority, type IssuedParty } from './pki/authority';
export { seedDemoParties, DEMO_PARTIES, type DemoPartiesResult } from './demo-parties';
export { bindCertificate, type BindingRequest } from './binding';
export { relationOf, dealIdsOfSubject, actingRelations, actingRelationsOfSubject, isOrganiser, isLiveBidder, isRelated, type DealRelation, type PartyRole, type BidderSection } from './relations';
export * from './online';
