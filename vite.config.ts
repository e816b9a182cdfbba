import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The engine runs in a module worker so the page stays responsive during long runs.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
});
