// 定时任务 decider: given past events, when a command, then these events (or this error, or nothing).
import { describe, it } from '@jest/globals';
import { specification } from '../../testing/decider-specification';
import { ValidationError } from '../shared/errors';
import { jobDecider } from './job';

const given = specification(jobDecider);

describe('job decider', () => {
  describe('when active', () => {
    it('pauses with a reason, which is required', () => {
      given().when({ type: 'PauseJob', job: 'licence-check', reason: '系统维护' }).then([{ type: 'JobPaused', data: { job: 'licence-check', reason: '系统维护' } }]);
      given().when({ type: 'PauseJob', job: 'licence-check', reason: ' ' }).thenThrows(ValidationError);
    });
    it('resuming changes nothing', () => given().when({ type: 'ResumeJob', job: 'licence-check' }).thenNothing());
    it('records a run asked for by hand', () =>
      given().when({ type: 'RequestJobRun', job: 'licence-check', runId: 'r-1' }).then([{ type: 'JobRunRequested', data: { job: 'licence-check', runId: 'r-1' } }]));
  });
  describe('when paused', () => {
    const paused = [{ type: 'JobPaused' as const, data: { job: 'licence-check', reason: '系统维护' } }];
    it('resumes; pausing again changes nothing', () => {
      given(paused).when({ type: 'ResumeJob', job: 'licence-check' }).then([{ type: 'JobResumed', data: { job: 'licence-check' } }]);
      given(paused).when({ type: 'PauseJob', job: 'licence-check', reason: '再次' }).thenNothing();
    });
    it('may still be run by hand', () =>
      given(paused).when({ type: 'RequestJobRun', job: 'licence-check', runId: 'r-2' }).then([{ type: 'JobRunRequested', data: { job: 'licence-check', runId: 'r-2' } }]));
  });
});
