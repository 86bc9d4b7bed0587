// Maps the port's offset/limit onto Meilisearch's page/hitsPerPage: only that mode reports an
// exhaustive `totalHits` (offset/limit gives `estimatedTotalHits`). The smallest page size that
// holds the whole window on one page is chosen, and the window is cut out of that page.

export interface PageRequest {
  page: number;
  hitsPerPage: number;
  /** Hits of the page to skip before the window starts. */
  skip: number;
}

export function pageFor(offset: number, limit: number): PageRequest {
  if (limit === 0) return { page: 1, hitsPerPage: 0, skip: 0 };
  for (let size = limit; ; size++) {
    const first = Math.floor(offset / size);
    if (first === Math.floor((offset + limit - 1) / size)) return { page: first + 1, hitsPerPage: size, skip: offset - first * size };
  }
}
