"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.withConnection = withConnection;
const exit_codes_1 = require("./exit-codes");
/** Connects, runs `work`, and always closes the connection again. */
async function withConnection(context, work) {
    const connection = await context.connect();
    try {
        return (await work(connection.client)) ?? exit_codes_1.ExitCode.Ok;
    }
    finally {
        await connection.close();
    }
}
//# sourceMappingURL=command.js.map