/// <reference types="vite/client" />

// Vite handles CSS and asset imports; this teaches TypeScript about them (and import.meta.env).
