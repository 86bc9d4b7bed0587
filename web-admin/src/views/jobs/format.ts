/** 1234 ms -> "1.2 秒"; under a second in ms. */
export const duration = (ms: number | null | undefined) => (ms === null || ms === undefined ? '' : ms < 1000 ? `${ms} 毫秒` : `${(ms / 1000).toFixed(1)} 秒`);
