import type { OrganizationEvent, OrganizationState } from './organization';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const ORGANIZATION_EVENT_LABELS: Record<OrganizationEvent['type'], string> = { OrganizationRegistered: '登记机构' };
export const ORGANIZATION_STATUS_LABELS: Record<OrganizationState['status'], string> = { none: '无', registered: '已登记' };
export const ORGANIZATION_FIELD_LABELS: Record<string, string> = { kind: '类别', parentId: '上级机构', divisionCode: '行政区划代码' };
