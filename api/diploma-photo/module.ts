// 毕业证照片 (requirement 9(9)): per student, uploaded by the school, approved by its authorities,
// printed on the diploma and exported as a zip.
import { diplomaPhotoCommands, diplomaPhotoReviewable } from '../../commands/diploma-photo/diploma-photo-commands';
import { diplomaPhotoDecider, DIPLOMA_PHOTO_EVENT_LABELS, DIPLOMA_PHOTO_FIELD_LABELS, DIPLOMA_PHOTO_STATUS_LABELS } from '../../domain/diploma-photo/diploma-photo';
import { diplomaPhotoOwner, diplomaPhotosProjection } from '../../projections/diploma-photo/diploma-photos-table';
import { defineModule, recordType } from '../module';
import { DIPLOMA_PHOTO_SORT, diplomaPhotoResolvers, diplomaPhotoTypeDefs } from './diploma-photo-graphql';
import { diplomaPhotoExport } from './diploma-photo-export';

export const diplomaPhotoModule = defineModule({
  name: 'diploma-photo',
  label: '毕业证照片',
  record: recordType({ decider: diplomaPhotoDecider, statusLabels: DIPLOMA_PHOTO_STATUS_LABELS, owner: diplomaPhotoOwner }),
  review: diplomaPhotoReviewable(),
  eventLabels: DIPLOMA_PHOTO_EVENT_LABELS,
  fieldLabels: DIPLOMA_PHOTO_FIELD_LABELS,
  projections: [diplomaPhotosProjection],
  graphql: [{ typeDefs: diplomaPhotoTypeDefs, resolvers: diplomaPhotoResolvers }],
  lists: [{ query: 'diplomaPhotos', paged: true, sort: DIPLOMA_PHOTO_SORT, owners: { selection: 'schoolId', of: (p) => [p.schoolId as string] }, exportName: 'diploma-photos' }],
  exports: { 'diploma-photos': diplomaPhotoExport },
  commands: (deps) => ({ diplomaPhotos: diplomaPhotoCommands(deps.store, deps.files, deps.submissionFor) }),
  permissions: ['student:read', 'student:register', 'review:submit'],
});
