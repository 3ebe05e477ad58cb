// `node --import <this file> out/main/index.js`: the built main bundle gets the recording stand-in
// below wherever it imports 'electron'.
import { register } from 'node:module';

register('./resolve-electron.mjs', import.meta.url);
