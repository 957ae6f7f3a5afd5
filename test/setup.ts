// Tests never reach the network or the instance metadata service.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers.js';

afterAll(() => removeTempDirs());
