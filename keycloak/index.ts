export * from './api-realm';
export * from './audience-scope';
export * from './backend-api';
export * from './customer-client';
export * from './literal';
