// Matching a capture against a person's reference face, with the threshold setting. The result
// carries everything the second fact of a capture records (issue 13 §2: distance, threshold,
// matched or not, engine and model version), so an auditor sees why it was decided as it was.
import type { DetectedFace, FaceEngine, LivenessScores } from './face-engine';

export interface DescriptorComparison {
  distance: number;
  threshold: number;
  matched: boolean;
}

export type PhotoMatch =
  | { outcome: 'no-face'; faceCount: 0; threshold: number; engineVersion: string }
  | {
      outcome: 'matched' | 'not-matched';
      /** Distance of the nearest face in the photo to the reference. */
      distance: number;
      threshold: number;
      /** Faces in the photo: more than one is a fraud signal of its own (issue 13 §4), whatever the match. */
      faceCount: number;
      /** Quality of the nearest face (detector score, size, sharpness). */
      quality: DetectedFace['quality'];
      liveness?: LivenessScores;
      engineVersion: string;
    };

export interface RosterHit {
  personId: string;
  distance: number;
}

export class FaceMatcher {
  constructor(
    private readonly engine: FaceEngine,
    readonly threshold: number,
  ) {
    if (!(threshold > 0)) throw new Error(`a match threshold must be positive, got ${threshold}`);
  }

  /** Same person when the distance is at or below the threshold. */
  compare(reference: Float32Array, probe: Float32Array): DescriptorComparison {
    const distance = this.engine.distance(reference, probe);
    return { distance, threshold: this.threshold, matched: distance <= this.threshold };
  }

  /** Analyses a photo (in the engine's workers) and compares its nearest face with the reference. */
  async matchPhoto(reference: Float32Array, photo: Uint8Array, options: { liveness?: boolean } = {}): Promise<PhotoMatch> {
    const analysis = await this.engine.analyze(photo, options);
    return this.matchAnalysis(reference, analysis.faces, analysis.engineVersion);
  }

  /** The same, for faces already found (a capture analysed once, compared with several references). */
  matchAnalysis(reference: Float32Array, faces: readonly DetectedFace[], engineVersion: string): PhotoMatch {
    if (!faces.length) return { outcome: 'no-face', faceCount: 0, threshold: this.threshold, engineVersion };
    const scored = faces.map((face) => ({ face, distance: this.engine.distance(reference, face.descriptor) }));
    const nearest = scored.reduce((a, b) => (b.distance < a.distance ? b : a));
    return {
      outcome: nearest.distance <= this.threshold ? 'matched' : 'not-matched',
      distance: nearest.distance,
      threshold: this.threshold,
      faceCount: faces.length,
      quality: nearest.face.quality,
      ...(nearest.face.liveness ? { liveness: nearest.face.liveness } : {}),
      engineVersion,
    };
  }

  /**
   * Everyone on a roster whose reference is within the threshold of a probe, nearest first: a capture
   * of person A that matches B's reference is one person checking in for another (issue 13 §4).
   */
  within(probe: Float32Array, roster: Iterable<{ personId: string; descriptor: Float32Array }>): RosterHit[] {
    const hits: RosterHit[] = [];
    for (const entry of roster) {
      const distance = this.engine.distance(probe, entry.descriptor);
      if (distance <= this.threshold) hits.push({ personId: entry.personId, distance });
    }
    return hits.sort((a, b) => a.distance - b.distance);
  }
}
