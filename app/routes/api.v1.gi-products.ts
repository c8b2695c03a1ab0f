import { listGiProductsOp } from "~/domain/gi/api-operations";
import { listGiProducts } from "~/domain/gi/products.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(listGiProductsOp, async ({ actor }) => ({ items: await listGiProducts(actor) })));
