// 考勤抓拍与人脸比对 (requirements 6, 16 in part; issue 13 §2, §4): captures accepted at once as
// facts, matched afterwards as second facts by the matcher workers, attendance fed to the class's
// completion, the capture policy, and the fraud signals with the supervisors' queue. Two record
// types: the capture (`capture-<id>`, its institution's) and the signal (`capture-signal-<id>`, the
// supervising authorities'), each a module of the registry; the policy and the random schedule
// (`capture-policy-province`, `capture-schedule-<classId>`) are nobody's record and are read
// through their own queries only.
import { captureServices, captureWorkers } from '../../commands/capture/capture-module';
import { captureDecider } from '../../domain/capture/capture';
import { captureSignalDecider } from '../../domain/capture/capture-signal';
import {
  CAPTURE_EVENT_LABELS,
  CAPTURE_FIELD_LABELS,
  CAPTURE_SIGNAL_EVENT_LABELS,
  CAPTURE_SIGNAL_FIELD_LABELS,
  CAPTURE_SIGNAL_STATUS_LABELS,
  CAPTURE_STATUS_LABELS,
} from '../../domain/capture/labels';
import { captureOwner, capturesProjection } from '../../projections/capture/captures-table';
import { captureSignalOwner, captureSignalsProjection } from '../../projections/capture/capture-signals-table';
import { referenceFacesProjection } from '../../projections/capture/reference-faces-table';
import { expiredPhotoDirectory } from '../../projections/capture/expired-photos';
import { defineModule, recordType } from '../module';
import { CAPTURE_SORT, captureResolvers, captureTypeDefs } from './capture-graphql';
import { SIGNAL_SORT, signalResolvers, signalTypeDefs } from './signal-graphql';

export const captureModule = defineModule({
  name: 'capture',
  label: '考勤抓拍',
  record: recordType({ decider: captureDecider, statusLabels: CAPTURE_STATUS_LABELS, owner: captureOwner }),
  eventLabels: CAPTURE_EVENT_LABELS,
  fieldLabels: CAPTURE_FIELD_LABELS,
  projections: [referenceFacesProjection, capturesProjection],
  graphql: [{ typeDefs: captureTypeDefs, resolvers: captureResolvers }],
  lists: [{ query: 'classCaptures', paged: true, sort: CAPTURE_SORT, owners: { selection: 'institutionId', of: (c) => [c.institutionId as string] } }],
  commands: (deps) => ({
    capture: captureServices({
      store: deps.store,
      knex: deps.knex,
      files: deps.files,
      face: deps.face,
      references: deps.directories.referenceFaces,
      identities: deps.directories.personIdentities,
      photos: expiredPhotoDirectory(deps.knex),
      ...(deps.logger ? { logger: deps.logger } : {}),
    }),
  }),
  workers: (deps, commands) => captureWorkers(commands.capture, { store: deps.store, knex: deps.knex, ...(deps.logger ? { logger: deps.logger } : {}) }),
  permissions: ['capture:record', 'capture:read', 'capture:photo', 'capture:settings', 'trainee:enter', 'teacher:declare'],
});

export const captureSignalModule = defineModule({
  name: 'capture-signal',
  label: '考勤异常预警',
  record: recordType({ decider: captureSignalDecider, statusLabels: CAPTURE_SIGNAL_STATUS_LABELS, owner: captureSignalOwner }),
  eventLabels: CAPTURE_SIGNAL_EVENT_LABELS,
  fieldLabels: CAPTURE_SIGNAL_FIELD_LABELS,
  projections: [captureSignalsProjection],
  graphql: [{ typeDefs: signalTypeDefs, resolvers: signalResolvers }],
  lists: [
    {
      query: 'captureSignals',
      paged: true,
      sort: SIGNAL_SORT,
      // A signal is the supervising authorities', never the institution's own (rm.capture_signal_scope).
      owners: { selection: 'institutionId', of: (s) => [s.institutionId as string] },
    },
  ],
  permissions: ['capture:supervise'],
});
