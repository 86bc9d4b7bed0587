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

/** Every module name a naming was made for: a module's name may itself hold a hyphen (`training-class`). */
const MODULES = new Set<string>();

export const streamNaming = (module: string): StreamNaming => {
  MODULES.add(module);
  const prefix = `${module}-`;
  return {
    module,
    prefix,
    streamId: (id) => `${prefix}${id}`,
    idOf: (streamId) => (streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined),
  };
};

/**
 * The module of a stream: the longest module name made with streamNaming that it starts with
 * (`training-class-…` is training-class, not `training`), else the stream's first word.
 */
export function moduleOfStream(streamId: string): string {
  let found = '';
  for (const module of MODULES) if (module.length > found.length && streamId.startsWith(`${module}-`)) found = module;
  return found || streamId.slice(0, Math.max(0, streamId.indexOf('-')));
}
