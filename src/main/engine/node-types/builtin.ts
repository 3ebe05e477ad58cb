import { aiModelCallNode } from './ai-model-call';
import { commandNode } from './command';
import { fileOperationNode } from './file-operation';
import { folderAnalyzerNode } from './folder-analyzer';
import { NodeTypeRegistry } from './registry';

/** A fresh registry holding the node types of spec section 3. */
export function builtinNodeTypes(): NodeTypeRegistry {
  return new NodeTypeRegistry()
    .register(aiModelCallNode)
    .register(commandNode)
    .register(fileOperationNode)
    .register(folderAnalyzerNode);
}
