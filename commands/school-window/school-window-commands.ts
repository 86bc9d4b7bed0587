import { schoolWindowDecider, schoolWindowStreams, type AuthorityWindows, type WindowInput, type WindowKind } from '../../domain/school-window/school-window';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import type { TechnicalSchoolDirectory } from '../technical-school/technical-school-directory';

export const SCHOOL_WINDOW_MODULE = schoolWindowStreams.module;
export const schoolWindowStreamId = schoolWindowStreams.streamId;

export function schoolWindowCommands(store: EventStore, schools: TechnicalSchoolDirectory) {
  return {
    open: (authorityId: string, window: WindowInput, request: RequestContext) =>
      handleCommand(store, schoolWindowDecider, schoolWindowStreamId(authorityId), { type: 'OpenSchoolWindow', authorityId, window }, request),
    close: (authorityId: string, kind: WindowKind, reason: string, request: RequestContext) =>
      handleCommand(store, schoolWindowDecider, schoolWindowStreamId(authorityId), { type: 'CloseSchoolWindow', authorityId, kind, reason }, request),
    /**
     * The windows set by the authorities above a school, nearest first, read from their streams (not
     * from a read model: a window just closed binds the very next command).
     */
    async windowsFor(schoolId: string): Promise<AuthorityWindows[]> {
      const authorities = await schools.authoritiesAbove(schoolId);
      return Promise.all(
        authorities.map(async (a) => {
          const state = await loadState(store, schoolWindowDecider, schoolWindowStreamId(a.id));
          return { authorityId: a.id, authorityName: a.name, windows: state.status === 'set' ? state.windows : {} };
        }),
      );
    },
  };
}

export type SchoolWindowCommands = ReturnType<typeof schoolWindowCommands>;
