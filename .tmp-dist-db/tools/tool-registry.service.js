"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ToolRegistry_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.ToolRegistry = void 0;
const common_1 = require("@nestjs/common");
const core_1 = require("@nestjs/core");
const agent_identity_1 = require("../auth/agent-identity");
const json_schema_compiler_1 = require("./json-schema.compiler");
const tool_decorator_1 = require("./tool.decorator");
const tool_definition_error_1 = require("./tool-definition.error");
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const EMPTY_INPUT_SCHEMA = Object.freeze({ type: 'object', properties: {}, additionalProperties: false });
/**
 * Discovers `@Tool` methods at boot, compiles their schemas once, and answers
 * "which tools may this agent see" from a per-scope-set cache.
 */
let ToolRegistry = ToolRegistry_1 = class ToolRegistry {
    discovery;
    scanner;
    reflector;
    logger = new common_1.Logger(ToolRegistry_1.name);
    tools = new Map();
    visibleCache = new Map();
    constructor(discovery, scanner, reflector) {
        this.discovery = discovery;
        this.scanner = scanner;
        this.reflector = reflector;
    }
    onModuleInit() {
        const compiler = new json_schema_compiler_1.JsonSchemaCompiler();
        for (const wrapper of this.discovery.getProviders({ metadataKey: tool_decorator_1.McpCapabilityHost.KEY })) {
            const instance = wrapper.instance;
            if (!instance)
                continue;
            for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
                const options = this.reflector.get(tool_decorator_1.TOOL_METADATA, instance[method]);
                if (options)
                    this.add(compiler, options, instance, method);
            }
        }
        this.logger.log(`registered ${this.tools.size} tools: ${[...this.tools.keys()].join(', ')}`);
    }
    get(name) {
        return this.tools.get(name);
    }
    all() {
        return [...this.tools.values()];
    }
    /** Every scope some tool requires (for token minting and protected-resource metadata). */
    scopes() {
        return [...new Set(this.all().flatMap((t) => t.scopes))].sort();
    }
    /** The definitions this agent may call; cached per distinct scope set. */
    visibleTo(identity) {
        const key = [...identity.scopes].sort().join(' ');
        let visible = this.visibleCache.get(key);
        if (!visible) {
            visible = this.all().filter((t) => (0, agent_identity_1.hasScopes)(identity, t.scopes)).map((t) => t.definition);
            if (this.visibleCache.size > 1000)
                this.visibleCache.clear();
            this.visibleCache.set(key, visible);
        }
        return visible;
    }
    add(compiler, options, instance, method) {
        const where = `${instance.constructor.name}.${method}`;
        if (!TOOL_NAME.test(options.name))
            throw new tool_definition_error_1.ToolDefinitionError(where, `name "${options.name}" must match ${TOOL_NAME}`);
        const existing = this.tools.get(options.name);
        if (existing)
            throw new tool_definition_error_1.ToolDefinitionError(where, `duplicate tool name "${options.name}" (also ${existing.where})`);
        if (!options.description?.trim())
            throw new tool_definition_error_1.ToolDefinitionError(where, 'description is required');
        const compile = (cls, role) => {
            try {
                return cls ? compiler.compile(cls) : undefined;
            }
            catch (err) {
                throw new tool_definition_error_1.ToolDefinitionError(where, `${role} schema: ${err.message}`);
            }
        };
        const definition = {
            name: options.name,
            ...(options.title && { title: options.title }),
            description: options.description,
            inputSchema: (compile(options.input, 'input') ?? EMPTY_INPUT_SCHEMA),
            ...(options.output && { outputSchema: compile(options.output, 'output') }),
            ...(options.annotations && { annotations: options.annotations }),
            ...(options.icons && { icons: options.icons }),
        };
        const fn = instance[method];
        this.tools.set(options.name, {
            name: options.name,
            definition: deepFreeze(definition),
            scopes: options.scopes ?? [],
            inputClass: options.input,
            outputClass: options.output,
            where,
            handler: fn.bind(instance),
        });
    }
};
exports.ToolRegistry = ToolRegistry;
exports.ToolRegistry = ToolRegistry = ToolRegistry_1 = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [core_1.DiscoveryService,
        core_1.MetadataScanner,
        core_1.Reflector])
], ToolRegistry);
function deepFreeze(value) {
    if (value && typeof value === 'object') {
        Object.values(value).forEach(deepFreeze);
        Object.freeze(value);
    }
    return value;
}
//# sourceMappingURL=tool-registry.service.js.map