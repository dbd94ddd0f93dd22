/** Values the global setup hands to the test files (`project.provide` there, `inject` in them). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** A database holding huiju's empty schema, copied for each PostgreSQL test database ('' when there is none). */
    pgTemplate: string;
  }
}

export {};
