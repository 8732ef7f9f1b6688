import { run } from './harness.js';
import './charts.test.js';
import './codecs.test.js';
import './protocol.test.js';
import './misc.test.js';

run();
