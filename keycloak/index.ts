export * from './api-realm';
export * from './api-reference';
export * from './audience-scope';
export * from './backend-api';
export * from './customer-client';
export * from './literal';
export * from './provisioning-identity';
