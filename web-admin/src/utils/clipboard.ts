// Copy text for the user. The clipboard API exists only in secure contexts (https or localhost);
// on a plain-http intranet it is missing and the caller asks the user to copy by hand.
export async function copyText(text: string): Promise<boolean> {
  if (!navigator.clipboard) return false;
  return navigator.clipboard.writeText(text).then(
    () => true,
    () => false,
  );
}
