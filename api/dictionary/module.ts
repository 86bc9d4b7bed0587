// 数据字典: code lists an authority extends (person categories ...).
import { DICTIONARY_EVENT_LABELS } from '../../domain/dictionary/labels';
import { defineModule } from '../module';
import { dictionaryResolvers, dictionaryTypeDefs } from './dictionary-graphql';

export const dictionaryModule = defineModule({
  name: 'dictionary',
  label: '数据字典',
  eventLabels: DICTIONARY_EVENT_LABELS,
  graphql: [{ typeDefs: dictionaryTypeDefs, resolvers: dictionaryResolvers }],
  permissions: ['dictionary:manage'],
});
