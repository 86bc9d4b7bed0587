export declare function freePort(): Promise<number>;
export declare function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  password?: string;
  database?: string;
  log?: (message: string) => void;
  settings?: Record<string, string>;
}): Promise<{ url: string; port: number; stop: () => Promise<void> }>;
