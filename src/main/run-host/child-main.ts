import { parentChannel } from './parent-channel';
import { serveRunInChild } from './child-run';

/** Entry of the process one run executes in (forked by the service, or a utility process). */
serveRunInChild(parentChannel());
