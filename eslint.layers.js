/**
 * The project's layers as import rules, read by eslint.config.js and by the test that proves
 * they bite (test/lint/boundaries.test.ts). Paths are relative to the repository root.
 */
const why = (rule) => `${rule} (docs/ARCHITECTURE.md, "Layers").`;

/** Tests and test support may reach across layers; the rules below are for shipped code. */
export const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', 'e2e/**', 'test/**'];

export const LAYER_ZONES = [
  {
    target: './src/engine',
    from: './src',
    except: ['./engine'],
    message: why('The engine imports nothing outside itself'),
  },
  {
    target: ['./src/ui', './src/store', './src/worker', './src/cli', './script'],
    from: './src/engine',
    except: ['./index.ts'],
    message: why('Outside the engine, import it only through its entry, src/engine'),
  },
  {
    target: ['./src/ui', './src/store', './src/worker', './src/cli'],
    from: './src/chain',
    except: ['./index.ts'],
    message: why('Outside the chain layer, import it only through its entry, src/chain'),
  },
  {
    target: './src',
    from: ['./script', './e2e', './test'],
    message: why('Shipped code never imports scripts, specs or test support'),
  },
  {
    target: './script',
    from: ['./e2e', './test'],
    message: why('Scripts never import specs or test support, so script and e2e form no loop'),
  },
];
