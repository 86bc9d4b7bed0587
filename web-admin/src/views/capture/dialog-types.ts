// Props of the capture pages' dialogs (opened through the dialog service with a props object).
import type { CaptureRowFragment } from '@/graphql/generated';

export interface PhotoViewDialogProps {
  captureId: string;
  /** The signal whose evidence is being checked (recorded with the view). */
  signalId?: string | null;
  title: string;
}

export interface CaptureDetailDialogProps {
  capture: CaptureRowFragment;
}

export interface SignalDialogProps {
  signalId: string;
}

export interface DecisionDialogProps {
  signalId: string;
  decision: 'confirm' | 'dismiss';
}
