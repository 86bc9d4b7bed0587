/// <reference types="vite/client" />

declare module 'vue' {
  interface GlobalDirectives {
    /** Element Plus' loading directive, registered by app.use(ElementPlus). */
    vLoading: typeof import('element-plus')['vLoading'];
  }
}

export {};
