export { DEPENDENCY_BARRIER, dependencyBarrierChecker } from "./dependency-barrier-checker.js";
export { FunctionDependencies, functionDependencies, type DependencyClosure } from "./dependency-closure.js";
export { judgeReadDepends, type ControlDependentLoad, type ReadDependsVerdict } from "./read-depends.js";
export { unorderedControlLoads, type UnorderedControlLoad } from "./control-dependent-loads.js";
