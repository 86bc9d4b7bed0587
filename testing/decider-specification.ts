// Given past events, when a command, then these events (or this error, or nothing) — the style of
// Emmett's DeciderSpecification, under jest.
import { expect } from '@jest/globals';
import type { CommandContext, Decider, DomainEvent } from '../domain/shared/decider';

export const testContext = (actor: Partial<CommandContext['actor']> = {}, now = '2026-11-25T09:00:00.000Z'): CommandContext => ({
  actor: { id: 'user-1', role: 'tester', orgId: null, ...actor },
  now,
});

export function specification<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return (given: E[] = []) => ({
    when: (command: C, context: CommandContext = testContext()) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()), context);
      return {
        then: (expected: E[]) => expect(run()).toEqual(expected),
        thenNothing: () => expect(run()).toEqual([]),
        thenThrows: (errorClass: abstract new (...args: never[]) => Error, message?: string | RegExp) => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorClass);
          if (message) expect((thrown as Error).message).toMatch(message);
        },
      };
    },
  });
}
