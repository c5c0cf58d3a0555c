// Runs in every test worker before its tests: quiet logs unless asked for.
process.env.LOG_LEVEL ??= 'silent';
