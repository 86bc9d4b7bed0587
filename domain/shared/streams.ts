// Stream naming (DESIGN.md §4): a record of module `m` lives on the stream `m-<id>`. Commands name
// the streams they write and projections recognise the streams they read through the same naming.

export interface StreamNaming {
  /** The module name, e.g. `training-class`. */
  readonly module: string;
  /** `<module>-`: what every stream of the module starts with. */
  readonly prefix: string;
  streamId(id: string): string;
  /** The record id of one of the module's streams; undefined for another module's stream. */
  idOf(streamId: string): string | undefined;
}

export const streamNaming = (module: string): StreamNaming => {
  const prefix = `${module}-`;
  return {
    module,
    prefix,
    streamId: (id) => `${prefix}${id}`,
    idOf: (streamId) => (streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined),
  };
};
