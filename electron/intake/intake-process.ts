import { startIntakeProcess } from './intake-port.js';

/**
 * The entry of the app's intake utility process (`utilityProcess.fork`, bundled as intake.cjs):
 * Inspect logs the user picked in the desktop's file dialog are read here, with Node's decoders
 * and OpenSSL, off the main process and off the page. The main process hands it a port per file.
 */
startIntakeProcess(process.parentPort);
