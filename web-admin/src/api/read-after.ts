// Read-your-writes: every mutation answers the event-store position it wrote; queries carry the
// highest position this console has written in `X-Read-After-Position`, and the server waits
// (bounded) until its read models have reached it. Positions only grow, so sending the highest one
// on every later query costs nothing once the projections have caught up.
let highest: bigint | undefined;

export function rememberWrite(result: { position?: string | null } | null | undefined): void {
  const position = result?.position;
  if (!position || !/^\d+$/.test(position)) return;
  const value = BigInt(position);
  if (highest === undefined || value > highest) highest = value;
}

export const readAfterPosition = (): string | undefined => highest?.toString();

export function forgetWrites(): void {
  highest = undefined;
}
