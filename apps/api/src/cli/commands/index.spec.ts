import { COMMANDS } from './index';

describe('CLI command registry', () => {
  it('should name each entry as the command it loads, once', async () => {
    const loaded = await Promise.all(COMMANDS.map((e) => e.load()));
    expect(loaded.map((c) => c.name)).toEqual(COMMANDS.map((e) => e.name));
    const words = COMMANDS.map((e) => e.name.join(' '));
    expect(new Set(words).size).toBe(words.length);
  });

  it('should load the feature modules a command names for its slim start', async () => {
    for (const c of await Promise.all(COMMANDS.map((e) => e.load()))) {
      if (!c.modules) continue;
      const modules = await c.modules();
      expect(modules.length).toBeGreaterThan(0);
      for (const m of modules) expect(m).toBeDefined();
    }
  });
});
