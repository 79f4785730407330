import { Module } from '@nestjs/common';
import { AbPostService } from './ab-post.service.js';
import { PeopleController } from './people.controller.js';

@Module({ controllers: [PeopleController], providers: [AbPostService] })
export class PeopleModule {}
