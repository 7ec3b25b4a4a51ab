export { ATOMIC_OPERAND_WIDTH, checkOperandWidths, operandWidthChecker, type OperandWidthSettings } from "./operand-width-checker.js";
export { operandType, type OperandKind, type OperandType } from "./operand-type.js";
export { accessType, type AccessType } from "./access-type.js";
export { ProjectTypes, TypeTables, projectTypesOf, typeTablesFor } from "./type-tables.js";
export { widthPolicy, type WidthLimit, type WidthPolicy } from "./width-policy.js";
