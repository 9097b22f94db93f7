"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ExamplesModule = void 0;
const common_1 = require("@nestjs/common");
const customer_tools_1 = require("./customer.tools");
const example_data_repository_1 = require("./example-data.repository");
const ticket_tools_1 = require("./ticket.tools");
/** Example business tools over a sample dataset; on by default outside production (SWITCHBOARD_EXAMPLES). */
let ExamplesModule = class ExamplesModule {
};
exports.ExamplesModule = ExamplesModule;
exports.ExamplesModule = ExamplesModule = __decorate([
    (0, common_1.Module)({ providers: [example_data_repository_1.ExampleDataRepository, customer_tools_1.CustomerTools, ticket_tools_1.TicketTools] })
], ExamplesModule);
//# sourceMappingURL=examples.module.js.map