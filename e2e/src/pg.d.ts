// pg ships no types and @types/pg is not a dependency: the few calls the harness makes.
declare module 'pg' {
  export class Client {
    constructor(config: { connectionString: string });
    connect(): Promise<void>;
    query<R = Record<string, unknown>>(
      text: string,
      params?: unknown[],
    ): Promise<{ rows: R[]; rowCount: number | null }>;
    end(): Promise<void>;
  }
}
