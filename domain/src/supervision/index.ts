export * from './trail';
export * from './signing-key';
export { merkleRoot, leafHash } from './merkle';
export * from './checkpoint';
export { chainKeyOf } from './chain-key';
export * from './witness';
