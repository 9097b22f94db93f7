"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.describeZodIssues = describeZodIssues;
exports.describeValidationErrors = describeValidationErrors;
const pathText = (base, path) => path.reduce((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), base);
/** "params.name: Invalid input: expected string, received undefined" for each zod issue. */
function describeZodIssues(issues, base = '') {
    return issues.slice(0, 10).map((issue) => `${pathText(base, issue.path) || '(root)'}: ${issue.message}`);
}
/** Flattens class-validator errors into "path: rule message" lines. */
function describeValidationErrors(errors, base = '') {
    const out = [];
    const walk = (errs, prefix) => {
        for (const err of errs) {
            const path = /^\d+$/.test(err.property) ? `${prefix}[${err.property}]` : prefix ? `${prefix}.${err.property}` : err.property;
            for (const message of Object.values(err.constraints ?? {}))
                out.push(`${path}: ${message}`);
            if (err.children?.length)
                walk(err.children, path);
        }
    };
    walk(errors, base);
    return out.slice(0, 10);
}
//# sourceMappingURL=validation-message.js.map