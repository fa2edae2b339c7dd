"""Real-browser tests of the built example hub (Chromium + Playwright + axe-core)."""
