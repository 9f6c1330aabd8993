// What next-env.d.ts would provide. next-env.d.ts itself is generated per build (and points into
// that build's folder), so it is not committed; scripts/build.ts puts things back after a build.
/// <reference types="next" />
/// <reference types="next/image-types/global" />
