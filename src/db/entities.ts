import { Card } from '../cards/card.entity';
import { EndUser } from '../end-users/end-user.entity';
import { Order } from '../orders/order.entity';
import { CardProduct } from '../partners/card-product.entity';
import { Partner } from '../partners/partner.entity';

export const entities = [Partner, CardProduct, EndUser, Order, Card];
